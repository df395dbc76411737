from contractsmith.cli import main

main()
