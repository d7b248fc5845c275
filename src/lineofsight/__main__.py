from lineofsight.cli import main

main()
