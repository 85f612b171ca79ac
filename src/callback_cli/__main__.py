from callback_cli.launch import main

main()
