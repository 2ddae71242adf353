from tailorcv.cli import main

main()
