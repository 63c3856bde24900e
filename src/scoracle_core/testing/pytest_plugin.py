"""pytest plugin (entry point ``pytest11``): fixtures shared by the core's and plugins' tests."""
