"""Stage 1, input: dumps' bytes -> entries -> dated, merged papers, with every problem named by file:line."""
