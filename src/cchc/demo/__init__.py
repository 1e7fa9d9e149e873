"""Demo: loads the seed documents (as data files) and the demo accounts, for `make demo` and the tests."""
