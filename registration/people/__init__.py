"""People and their papers: ID numbers and phones (checked, masked), free text from outside, signed
person codes, their keys and badge sheets."""
