"""Compare: two versions of a journey set side by side (as-is and to-be, or before and after), and the semantic diff."""
