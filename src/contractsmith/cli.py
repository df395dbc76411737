"""The ``contractsmith`` command line: a thin click group.

Each subcommand lives in ``contractsmith.commands.<name>`` and is imported only when
used, so ``contractsmith validate`` never pays for loading spaCy.
"""

from __future__ import annotations

import importlib

import click

from contractsmith import __version__

# command name -> "module:attribute"
COMMANDS: dict[str, str] = {
    "validate": "contractsmith.commands.validate:validate_cmd",
    "render": "contractsmith.commands.render:render_cmd",
    "init": "contractsmith.commands.init:init_cmd",
    "schema": "contractsmith.commands.schema:schema_cmd",
    "clauses": "contractsmith.commands.clauses:clauses_cmd",
    "inspect": "contractsmith.commands.inspect:inspect_cmd",
    "check": "contractsmith.commands.check:check_cmd",
    "rules": "contractsmith.commands.rules:rules_cmd",
    "eval": "contractsmith.commands.eval:eval_group",
    "lint": "contractsmith.commands.lint:lint_cmd",
    "review": "contractsmith.commands.review:review_cmd",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None  # command not part of this build
            raise
        return getattr(module, attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="contractsmith")
def main() -> None:
    """Write and review influencer-marketing contracts.

    \b
    Generate:  validate, render, init, schema, clauses, inspect
    Check:     check, rules, eval
    Review:    review
    Lint:      lint
    """


if __name__ == "__main__":  # pragma: no cover
    main()
