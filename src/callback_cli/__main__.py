from callback_cli.cli import main

main()
