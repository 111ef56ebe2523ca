"""The colours of every workbook piano-xlsx writes (RGB hex, no '#'), so outputs look alike."""

GREEN, GREEN_BG = "006100", "C6EFCE"
YELLOW, YELLOW_BG = "9C5700", "FFEB9C"
RED, RED_BG = "9C0006", "FFC7CE"
GREY, GREY_BG = "3F3F3F", "E7E6E6"
BLUE, BLUE_BG = "1F4E79", "DDEBF7"
HEADER_BG = "1F4E79"
