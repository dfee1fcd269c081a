from marketclaims.cli import main

main()
