"""English words for times, as people text them (folded: lowercase, no accents)."""

from __future__ import annotations

from shared.brains.offline.time.lexicon_names import OTHER_CALENDARS, ZONES
from shared.brains.offline.time.tokens import Lexicon, LexiconBuilder

_b = LexiconBuilder("en")
add, phrase = _b.add, _b.phrase

# --- weekdays, months ----------------------------------------------------------------------------------
for i, (full, short, shy) in enumerate(
    [
        ("monday", ("mond", "mnday", "mondy"), ("mon",)),
        ("tuesday", ("tues", "tuesd", "tusday", "teusday", "tuseday"), ("tue",)),
        ("wednesday", ("wed", "weds", "wednes", "wensday", "wendsday", "wednsday", "wedsday"), ()),
        ("thursday", ("thu", "thur", "thurs", "thr", "thrusday", "thurday", "thursdy"), ()),
        ("friday", ("fri", "frid", "fryday", "firday"), ()),
        ("saturday", ("satur", "saterday", "saturdy"), ("sat",)),
        ("sunday", ("sundy",), ("sun",)),
    ]
):
    add({"wd": i}, full, *short)
    add({"wd_shy": i}, *shy)
    add({"wds": i}, full + "s")
for i, names in enumerate(
    [
        ("january", "jan", "janurary", "januray"),
        ("february", "feb", "febuary", "febr"),
        (),
        ("april", "apr"),
        (),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ],
    start=1,
):
    add({"mon": i}, *names)
add({"mon_shy": 3}, "mar", "march")
add({"mon_shy": 5}, "may")

# --- numbers and ordinals ------------------------------------------------------------------------------
_NUM = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
]
_b.numbers.update({w: i for i, w in enumerate(_NUM)})
_b.numbers.update({"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19})
_b.numbers.update({"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60})
_ORD = {
    w: i
    for i, w in enumerate(
        [
            "zeroth",
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ]
    )
}
_ORD.update({"thirtieth": 30})
del _ORD["zeroth"]
_b.ordinals.update(_ORD)
_b.table("ord", _ORD)
add({"ord": -1, "last": True}, "last")
add({"qty": 2}, "couple", "pair")
add({"qty": 3}, "few", "several")
add({"one": True}, "a", "an")

# --- units, parts of the day, days -----------------------------------------------------------------------
for unit, words in {
    "second": ("second", "seconds", "sec", "secs"),
    "minute": ("minute", "minutes", "min", "mins", "mn", "mns", "minuts", "m"),
    "hour": ("hour", "hours", "hr", "hrs", "hs", "hrz"),
    "day": ("day", "days", "d", "dys"),
    "week": ("week", "weeks", "wk", "wks", "w"),
    "month": ("month", "months", "mo", "mos", "mth", "mths"),
    "quarter": ("quarter", "quarters", "qtr", "qtrs"),
    "year": ("year", "years", "yr", "yrs", "y"),
}.items():
    add({"unit": unit}, *words)
add({"unit": "fortnight"}, "fortnight", "fortnights")
add({"h": True, "unit": "hour"}, "h")
add({"noon": True}, "noon", "midday", "mid-day", "mid day", "noonish", "12noon")
add({"midnight": True}, "midnight", "midnite", "mid-night")
phrase({"dayrel": -1, "part": "evening"}, "last night", "yesterday night")
phrase({"dayrel": -1, "part_span": "late_evening"}, "late last night")
phrase({"part_span": "late_evening", "this": True}, "late tonight", "late tonite", "late this evening")
add({"apostrophe": True}, "'")

add({"part": "morning"}, "morning", "morn", "mornin", "mornings", "mrng")
add({"part": "afternoon"}, "afternoon", "arvo", "aftn", "afternoons", "aft", "afternoonish")
add({"part": "evening"}, "evening", "eve", "evenings", "evng", "eveninig")
add({"part": "night"}, "night", "nite", "nights")
add({"part": "lunch"}, "lunch", "lunchtime")
phrase({"part": "evening", "this": True}, "tonight", "tonite", "2nite", "2night", "tonigt", "tonght", "2nyt")
add({"part": "evening", "this": True}, "tonight", "tonite", "tonigt", "tonght")
phrase({"part_span": "school_after"}, "after school")
phrase({"part_span": "work_after"}, "after work")
phrase({"part_span": "lunch_after"}, "after lunch")
phrase({"part_span": "lunch_before"}, "before lunch")
phrase({"part_span": "lunch"}, "at lunch", "at lunchtime", "during lunch", "over lunch", "lunch time")
phrase({"part_span": "early_morning"}, "in the early hours of the morning", "early in the morning", "early hours")

add({"dayrel": 0}, "today", "todays", "2day", "tday", "tdy", "2dy")
add({"dayrel": 1}, "tomorrow", "tomorrows", "tomorow", "tommorow", "tommorrow", "tomorrw", "tmrw", "tmrrw", "tmr")
add({"dayrel": 1}, "tmw", "tmro", "tmoro", "2moro", "2morrow", "2morow", "2mrw", "tomoz", "tmrow", "tmorrow")
add({"dayrel": 2}, "the day after tomorrow", "day after tomorrow", "day after tmrw", "the day after tmrw")
add({"dayrel": -1}, "yesterday", "yday", "yest", "yesterdy")
add({"dayrel": -2}, "the day before yesterday", "day before yesterday")
add({"now": True}, "now", "asap", "atm", "rn")
phrase({"now": True}, "right now", "just now", "at the moment", "at this moment", "right away", "immediately")
phrase({"dayrel": 0}, "at this time")
phrase({"asap": True}, "asap", "as soon as possible", "a.s.a.p")

# --- seasons, holidays, zones --------------------------------------------------------------------------
add({"season": "spring"}, "spring")
add({"season": "summer"}, "summer", "summertime")
add({"season": "autumn"}, "autumn", "fall")
add({"season": "winter"}, "winter")
add({"season": "any"}, "season", "seasons")

_HOLIDAYS = {
    "christmas": ("christmas", "xmas", "x-mas", "christmas day", "xmas day", "chrismas", "christmass"),
    "christmas_eve": ("christmas eve", "xmas eve"),
    "boxing_day": ("boxing day",),
    "new_year_eve": ("new year's eve", "new years eve", "nye", "new year eve"),
    "new_year": ("new year's day", "new years day", "new year's", "new years", "new year day"),
    "valentine": ("valentine's day", "valentines day", "valentine day", "valentine's", "st valentine's day"),
    "halloween": ("halloween", "hallowe'en"),
    "independence_day": ("independence day", "4th of july", "fourth of july", "july 4th", "4 of july"),
    "thanksgiving": ("thanksgiving", "thanksgiving day", "thanks giving", "turkey day"),
    "black_friday": ("black friday",),
    "mlk_day": ("mlk day", "mlk jr day", "mlk jr. day", "martin luther king day", "martin luther king jr day"),
    "mlk_day3": ("martin luther king's day", "martin luther king jr.'s day", "mlk's day"),
    "mlk_day2": ("martin luther kings day", "civil rights day"),
    "presidents_day": ("presidents day", "president's day", "presidents' day", "washington's birthday"),
    "memorial_day": ("memorial day",),
    "labor_day": ("labor day", "labour day"),
    "columbus_day": ("columbus day", "indigenous peoples day"),
    "veterans_day": ("veterans day", "veteran's day", "veterans' day", "armistice day", "remembrance day"),
    "mothers_day": ("mother's day", "mothers day"),
    "mothering_sunday": ("mothering sunday",),
    "fathers_day": ("father's day", "fathers day"),
    "boss_day": ("boss's day", "boss day", "bosses day", "boss's", "national boss day", "bosses' day"),
    "st_patrick": (
        "st patrick's day",
        "saint patrick's day",
        "st paddy's day",
        "saint paddy's day",
        "saint patricks day",
    ),
    "st_patrick2": ("st patricks day", "st paddys day", "paddy's day", "st. patrick's day", "patrick's day"),
    "easter": ("easter", "easter sunday", "easter day"),
    "easter_monday": ("easter monday", "easter mon"),
    "good_friday": ("good friday",),
    "maundy_thursday": ("maundy thursday", "covenant thursday", "thursday of mysteries", "covenant thu"),
    "maundy_thursday2": ("thu of mysteries", "holy thursday"),
    "palm_sunday": ("palm sunday", "branch sunday"),
    "pentecost": ("pentecost", "whit sunday", "whitsunday", "white sunday", "whitsun"),
    "whit_monday": ("whit monday", "monday of the holy spirit", "pentecost monday"),
    "trinity_sunday": ("trinity sunday",),
    "ascension": ("ascension day", "ascension thursday", "feast of the ascension"),
    "shrove_tuesday": ("mardi gras", "pancake day", "shrove tuesday", "fat tuesday"),
    "ash_wednesday": ("ash wednesday",),
    "lent": ("lent",),
    "orthodox_easter": ("orthodox easter", "orthodox easter sunday", "pascha"),
    "orthodox_good_friday": ("orthodox good friday", "orthodox great friday"),
    "clean_monday": ("clean monday", "orthodox shrove monday", "ash monday", "pure monday"),
    "lazarus_saturday": ("lazarus saturday",),
    "great_lent": ("great fast", "great lent"),
    "world_vegan_day": ("world vegan day",),
    "earth_hour": ("earth hour",),
    "kings_day": ("king's day", "kings day", "koningsdag"),
    "ides_of_march": ("ides of march", "the ides of march"),
    "st_george": ("st george's day", "saint george's day"),
    "guy_fawkes": ("guy fawkes night", "guy fawkes day", "bonfire night"),
    "april_fools": ("april fools day", "april fool's day", "april fools' day"),
    "groundhog_day": ("groundhog day",),
    "earth_day": ("earth day",),
    "canada_day": ("canada day",),
    "juneteenth": ("juneteenth",),
    "global_youth_service_day": ("global youth service day", "gysd"),
    **OTHER_CALENDARS,
}
for key, names in _HOLIDAYS.items():
    add({"hol": key.rstrip("23")}, *names)

for zone, names in ZONES.items():
    add({"tz": zone}, *names)

# --- role words ----------------------------------------------------------------------------------------
add({"at": True}, "at", "@", "around", "about", "arround", "round", "approximately", "approx", "abt")
phrase({"at": True}, "at around", "at about", "sometime around", "for around", "somewhere around")
add({"for": True}, "for")
add({"on": True}, "on")
add({"the": True}, "the")
add({"of": True}, "of", "in")
add({"in": True}, "in")
add({"within": True}, "within", "w/in")
add({"this": True}, "this", "current", "present")
add({"next": True}, "next", "nxt", "following", "coming", "upcoming", "comming")
add({"last": True}, "past", "previous", "prev", "preceding")
phrase({"after_next": True}, "after next")
phrase({"this_coming": True}, "this coming")
phrase({"this_past": True}, "this past")
add({"between": True}, "between", "btw", "btwn")
add({"and": True}, "and", "&", "n")
add({"to": True}, "to", "-", "->")
add({"to": True, "until": True}, "till", "til", "until", "untill", "thru", "through", "up to")
add({"from": True}, "from")
add({"after": True}, "after", "since", "afer")
phrase({"after": True}, "later than", "anytime after", "any time after", "no earlier than", "not before")
phrase({"after": True}, "starting", "starting from", "starting at")
add({"before": True}, "before", "b4", "bfr", "befor")
phrase({"before": True, "deadline": True}, "by", "no later than", "not later than", "by the latest")
add({"ago": True}, "ago", "back")
add({"earlier": True}, "earlier", "sooner")
add({"hence": True}, "hence")
add({"later": True}, "later")
phrase({"hence": True}, "from now", "from today", "from right now", "from tomorrow", "from here")
add({"every": True}, "every", "each", "evry", "evey", "everu")
phrase({"every": True}, "once a", "once every", "one time every")
add({"except": True}, "except", "excluding", "exc", "xcept", "but")
phrase({"except": True}, "except for", "apart from", "other than", "but not")
add({"other": True}, "other", "alternate")
add({"begin": True}, "beginning", "start", "begining")
add({"early": True}, "early")
add({"mid": True}, "mid", "middle", "midst")
add({"end": True}, "end")
add({"late": True}, "late")
for _w, _p in {
    "eom": ("end", "month"),
    "eoy": ("end", "year"),
    "eow": ("end", "week"),
    "eod": ("end", "day"),
    "bom": ("begin", "month"),
    "boy": ("begin", "year"),
}.items():
    add({"period_abbr": _p}, _w)
add({"very": True}, "very")
add({"half": True}, "half", "1/2")
add({"quarter": True}, "quarter", "quarters")
add({"past_of": True}, "past", "after")
add({"to_of": True}, "to", "till", "til", "before", "of")
add({"weekend": True}, "weekend", "week-end", "wkend", "wknd", "weekends", "week-ends", "wkends")
phrase({"weekend": True}, "week end")
add({"weekdays": True}, "weekdays", "weekday", "workdays", "workday", "work days", "week days", "business days")
for _w, _f in {
    "daily": ("DAILY", 1),
    "everyday": ("DAILY", 1),
    "nightly": ("DAILY", 1),
    "weekly": ("WEEKLY", 1),
    "biweekly": ("WEEKLY", 2),
    "fortnightly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1),
    "yearly": ("YEARLY", 1),
    "annually": ("YEARLY", 1),
    "hourly": ("HOURLY", 1),
}.items():
    add({"freq": _f}, _w)
add({"part": "evening"}, "nightly")
add({"filler": True}, "during", "like", "maybe", "roughly", "exactly", "sharp", "approximately", "ish", "or so", "but")
phrase({"filler": True}, "or so", "give or take", "for example", "e.g.", "say")
add({"ampm": "am"}, "am", "a.m", "a.m.")
add({"ampm": "pm"}, "pm", "p.m", "p.m.")
add({"more": True}, "more", "additional", "extra", "less", "fewer", "other")
add(
    {"counted": True},
    "people",
    "person",
    "persons",
    "guys",
    "kids",
    "times",
    "dollars",
    "dollar",
    "bucks",
    "euros",
    "euro",
    "pounds",
    "items",
    "pieces",
    "pcs",
    "%",
    "$",
    "€",
    "kg",
    "km",
    "miles",
    "lbs",
    "percent",
    "points",
    "pts",
)
add({"rest": True}, "rest")
add(
    {"street": True},
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "blvd",
    "lane",
    "drive",
    "room",
    "apt",
    "suite",
    "floor",
    "building",
    "gate",
)
add({"all": True}, "all", "whole", "entire")
add({"times": True}, "times", "time")
add({"during": True}, "for")
add({"per": True}, "per", "a")
add({"closest": True}, "closest", "nearest")
add({"ad": True}, "ad", "a.d")
add({"month_word": True}, "month", "months")
add({"year_word": True}, "year", "years", "yr")
add({"week_word": True}, "week", "week's")
add({"day_word": True}, "day")
add({"oh": True}, "oh", "o")
add({"oclock": True}, "oclock", "o'clock", "o clock", "oclok", "o'clok")

_b.extra.update(
    {
        "day_first": False,  # 4/2 is April 2
        "twelve_hour": True,
        "part_spans": {
            ("early", "morning"): (0, 9),
            ("begin", "morning"): (0, 9),
            ("mid", "morning"): (9, 11),
            ("end", "morning"): (10, 12),
            ("late", "morning"): (10, 12),
            ("early", "afternoon"): (12, 14),
            ("mid", "afternoon"): (14, 17),
            ("late", "afternoon"): (17, 19),
            ("end", "afternoon"): (17, 19),
            ("early", "evening"): (18, 21),
            ("late", "evening"): (21, 24),
            ("late", "night"): (21, 24),
            ("end", "evening"): (21, 24),
        },
        "named_spans": {
            "school_after": (15, 21),
            "work_after": (17, 21),
            "lunch_after": (13, 17),
            "lunch_before": (10, 12),
            "lunch": (12, 14),
            "early_morning": (0, 9),
            "late_evening": (21, 24),
        },
        "month_begin_short": 10,
        "year_begin_months": 3,
        "year_end_months": 4,
    }
)

FUZZY = (
    "wednesday",
    "thursday",
    "saturday",
    "tuesday",
    "january",
    "february",
    "september",
    "october",
    "november",
    "december",
    "tomorrow",
    "yesterday",
    "afternoon",
    "evening",
    "morning",
    "minutes",
    "tonight",
)
LEXICON: Lexicon = _b.build(FUZZY)
