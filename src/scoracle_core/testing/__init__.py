"""Test helpers shipped with the core: contract suites, fakes, fixtures.

Third-party stores and sport plugins run the same contract suites as ours.
"""
