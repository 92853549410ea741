"""What the tests share: paths, tool checks, map builders and generators (also used by benchmarks/)."""
