"""The rule-data lint (``contractsmith rules lint``): guard rails on category rule YAML.

K001 an expression too long, K002 too many carve-outs on one rule, K003 a carve-out that
changes the outcome in at most one development document. A counted baseline
(``rules/categories/_lint_baseline.yaml``) accepts today's violations, so that only new
or grown ones fail; baseline entries that are fixed are reported so they can go.
"""
