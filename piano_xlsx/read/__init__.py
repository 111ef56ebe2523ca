"""From the office's workbook to a Plan: the table's place and columns, the other sheets, validation."""
