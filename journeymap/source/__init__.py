"""Source: bytes -> YAML with positions; includes; the project root; where the files a map names lie."""
