"""The colours of every workbook piano-xlsx writes (RGB hex, no '#'), so outputs look alike."""

from ..core.vocabulary import Tone

GREEN, GREEN_BG = "006100", "C6EFCE"
YELLOW, YELLOW_BG = "9C5700", "FFEB9C"
RED, RED_BG = "9C0006", "FFC7CE"
GREY, GREY_BG = "3F3F3F", "E7E6E6"
BLUE, BLUE_BG = "1F4E79", "DDEBF7"
HEADER_BG = "1F4E79"

# (font, fill) of each tone a word is shown in (core/vocabulary.py says which word has which)
TONES = {Tone.GREEN: (GREEN, GREEN_BG), Tone.YELLOW: (YELLOW, YELLOW_BG), Tone.RED: (RED, RED_BG),
         Tone.GREY: (GREY, GREY_BG), Tone.BLUE: (BLUE, BLUE_BG)}
