"""``python -m apigw_convert``: the same command line as ``apigw-convert``."""

from apigw_convert.cli import main

if __name__ == "__main__":
    main()
