"""English word tables (folded: no accents), texting spellings included."""

THANKS = (
    r"(?:thanks?(?:\s+(?:a\s+lot|so\s+much|you))?|thank\s+u|thx|thnx|tx|ty|tysm|cheers|much\s+appreciated|ta|merci"
    r"|you\s+rock|u\s+rock|you'?re\s+the\s+best|ur\s+the\s+best|awesome|lifesaver|life\s+saver|🙏|❤️?"
    r"|appreciate\s+(?:it|that|you)|much\s+appreciated)"
    r"(?:\s+(?:for|4)\s+(?:the|that|this|your)?\s*(?:reminder|help|ping|text|nudge))?"
)
GREETING = (
    r"hi+|hello|hey+|heya|yo|hiya|good\s+(?:morning|afternoon|evening)|morning|evening|sup|howdy|there"
    r"|how\s+are\s+(?:you|u)|how'?s\s+it\s+going|what'?s\s+up|wassup|you"
)
OK = r"ok+|okay|k|kk|sure|cool|great|perfect|nice|alright|got\s+it|sounds\s+good|yes|yep|yeah|👍|👌"
CAPABILITIES = (  # "what can u do", "wut can you do", "how do u work", "whats this?"
    r"help|commands?|(?:what\s+is|what'?s|whats|wats)\s+this(?:\s+number)?(?=\s*[?!.]*$)"
    r"|(?:what|wat|wut|wht)\s+(?:r|are)\s+(?:you|u|ya)|who\s+(?:r|are)\s+(?:you|u|ya)"
    r"|(?:what|wat|wut|wht)\s+(?:else\s+)?(?:can|do|could)\s+(?:you|u|ya)\s+(?:even\s+)?(?:do|help\s+(?:me\s+)?with)"
    r"|how\s+(?:does|do|did)\s+(?:this|it|you|u)\s+work|how\s+(?:this|it|you|u)\s+works?|what\s+is\s+boussole"
    r"|how\s+do\s+i\s+use|help\s+me|(?:what|wat|wut)\s+(?:can|do)\s+i\s+(?:ask|say|text)|instructions"
)
DISTRESS = (
    r"overwhelm\w*|can'?t\s+cope|too\s+much\s+(?:to\s+do|going\s+on|stuff)|stress(?:ed|ing)?\s+out|so\s+stressed"
    r"|anxious|anxiety|panick?(?:ing|ed)?|i'?m\s+(?:so\s+)?(?:behind|lost|drowning|exhausted|burnt\s+out|burned\s+out)"
    r"|i\s+give\s+up|i\s+can'?t\s+(?:do\s+(?:this|it)|focus|keep\s+up)|falling\s+apart|i\s+suck|everything\s+is\s+a\s+mess"
    r"|procrastinat\w*|can'?t\s+get\s+anything\s+done|nothing\s+gets\s+done|drowning|spiral\w*"
    r"|i\s+feel\s+(?:useless|worthless|stupid|like\s+a\s+failure|so\s+bad)|brain\s+is\s+(?:fried|mush)|fried"
    r"|havent\s+done\s+anything|haven'?t\s+done\s+anything"
    r"|(?:i'?m|im|i\s+am|feeling|i\s+feel|feel)\s+(?:so\s+|really\s+|very\s+|super\s+|too\s+|kinda\s+)?"
    r"(?:tired|exhausted|wiped(?:\s+out)?|worn\s+out|drained|dead\s+tired|down|low|sad|depressed|awful|terrible"
    r"|like\s+crap|like\s+shit|sick|unwell|rough)(?!\s+(?:of|with|about)\b)"
)
CRISIS = (
    r"suicid|kill\s+myself|end\s+it\s+all|ending\s+it\s+all|end\s+my\s+life|want\s+to\s+die|wanna\s+die"
    r"|hurt\s+myself|self[\s-]harm|(?:don'?t|dont|do\s+not)\s+want\s+to\s+(?:be\s+here|live)|better\s+off\s+dead"
    r"|no\s+reason\s+to\s+live"
)
DROP = (
    r"never\s*mind|nvm|scratch\s+that|forget\s+(?:it|that|about\s+it)|cancel\s+(?:that|it)|no\s+(?:thanks|need)"
    r"|don'?t\s+bother|skip\s+it|nothing"
)
NO = r"no|nope|nah|not\s+really"
LIST_REMINDERS = (
    r"(?:my|what|which|all)\s+(?:upcoming\s+|next\s+)?reminders|list\s+(?:of\s+)?(?:my\s+)?reminders"
    r"|reminders\s+(?:do\s+i\s+have|i\s+have|set|coming\s+up)|show\s+(?:me\s+)?(?:my\s+)?reminders"
    r"|what'?s\s+(?:on\s+)?my\s+(?:reminder\s+)?list"
)
WHEN_IS_REMINDER = (
    r"when\s+(?:is|'s)\s+(?:my|the)\s+reminder\s+(?:for|to|about|of)\s+(?P<about>.+)"
    r"|when\s+(?:will|do)\s+(?:you|u)\s+remind\s+me\s+(?:to|about|of)\s+(?P<about2>.+)"
)
CANCEL_REMINDER = (
    r"(?:cancel|delete|remove|drop|stop|clear)\s+(?:the\s+|my\s+|that\s+)?reminders?\s*(?:for|to|about|of)?\s*"
    r"(?P<about>.*)|(?:no\s+longer|don'?t)\s+need\s+(?:the\s+|my\s+|that\s+)?reminder\s*(?:for|to|about|of)?\s*"
    r"(?P<about2>.*)|forget\s+(?:the\s+|my\s+)reminder\s*(?:for|to|about|of)?\s*(?P<about3>.*)"
)
IMPLICIT = (
    r"i\s+(?:need|have|got)\s+to|i'?ve\s+got\s+to|gotta|i\s+must|don'?t\s+(?:let\s+me\s+)?forget(?:\s+to)?"
    r"|must\s+not\s+forget|remember\s+to|appointment|appt|meeting\s+(?:with|at)|todo|to\s+do\s*:"
)
QUESTION = r"\?|^(?:when|what|which|how|why|where|who|is|are|do|does|did|can|could)\b"
SWITCH_TO_OTHER = r"(?:speak|talk|write|reply|answer)\s+(?:to\s+me\s+)?in\s+french|(?:en\s+)?francais|in\s+french"
FILLER = r"hi|hey|hello|please|pls|plz|thanks|so|um|uh|well|ok|okay|like"
# A message that opens with a question ("where did i park", "whats left", "did i finish the taxes"), even
# without "?": it asks, it changes nothing. "did the dishes" (no subject after "did") is told, not asked; "can
# you…" asks for something to be done.
ASKS = (
    r"(?:(?:ok|okay|so|and|but|hey|um|uh|hmm+|btw|also|wait|quick\s+question|q)[\s,:!.-]+)*"
    r"(?:where|wheres|where'?d|wher|when(?!(?:ever)?\s+(?:you|u)\s+(?:can|get|have))|whens|when'?d|wen|who|whos"
    r"|who'?d|whom|whose|how|hows|how'?d|why|whys|which|what(?!\s+a\b)|whats|what'?d|wat|wut|wht"
    r"|(?:did|didn'?t|didnt|does|have|haven'?t|havent|had|has)\s+(?:i|u|you|we|he|she|they|it)|do\s+(?:i|we)|am\s+i"
    r"|(?:is|are|was|were|isn'?t|isnt|aren'?t|wasn'?t)\s+(?:the|my|it|that|this|there|i|u|you|we|they)"
    r"|(?:should|shall)\s+(?:i|we))(?![\w'])"
)

# --- replies to a reminder that rang, and changes to one just set ------------------------------------------
DONE = (
    r"(?:ok\s+|yes\s+|yep\s+)?(?:all\s+)?(?:done|dun|doen|did\s+it|did\s+that|finished|handled|sorted|complete"
    r"|completed|check|taken|all\s+good|good\s+to\s+go)"
    r"|(?:i\s+)?(?:just\s+)?(?:took|called|paid|sent|fed|walked|emailed|texted|bought|cleaned|washed|finished)"
    r"(?:\s+(?:it|them|him|her|em|'em|that|those))?|taken\s+care\s+of|got\s+it\s+done|its\s+done|it'?s\s+done"
    r"|talked\s+to|spoke\s+(?:to|with)|went|picked\s+(?:it\s+|them\s+)?up|dropped\s+(?:it\s+)?off"
    r"|✅|✔️?|👍|☑️"
)
SNOOZE = (
    r"later|not\s+now|not\s+yet|in\s+a\s+(?:bit|while|sec|minute|moment)|l8r|laterr+|after|(?:another\s+)?\+\s*\d+"
    r"|\d+\s*(?:more\s+)?(?:min|mins|minutes?)\s*(?:more|pls|please)?|\d+\s*more\s+(?:h|hrs?|hours?)|in\s+\d+\s*(?:min|mins|minutes?|h|hrs?|hours?)|give\s+me\s+\d+|snooze"
    r"|no\s+time(?:\s+rn)?|busy|driving|not\s+rn"
    r"|tell\s+me\s+again|remind\s+me\s+again|ask\s+me\s+again|ping\s+me\s+again|bug\s+me\s+again|push\s+it"
)
MOVE_VERB = r"move|moved|push|change|changed|reschedule|shift|bump|make|set|put|switch|postpone|delay"
# Moving something already planned to a new time, the verb first ("push the dentist to thursday 3pm", "can u
# move the laundry to tmrw"); "change" only with "to" ("change yoga to 7pm", not "change the sheets at 6").
RESCHEDULE = (
    r"(?:(?:can\s+(?:you|u)|could\s+(?:you|u)|pls|plz|please|ok|so|actually|no|hey|i\s+need\s+to|need\s+to)\s+)*"
    r"(?P<verb>move|push|reschedule|bump|shift|postpone|delay|change)(?:\s+(?:back|up|forward|out))?"
)
RESCHEDULE_LOOSE = r"move|shift|push"  # also said of things moved in space
CHANGE_TO = r"to|till|until|->"  # "change" moves a thing only with these words before the new time
MOVED_THINGS = (
    r"cars?|truck|van|furniture|couch|sofa|bed|bikes?|plants?|boxes|stuff|things|bins?|trash|garbage|recycling|out"
)
TIME_LEAD = r"to|till|til|until|back\s+to|up\s+to|for|on|at|->|→|=>"
CORRECTION = (
    r"oops|oups|my\s+bad|i\s+meant|sorry\s+i\s+meant|mistake|actually|instead|no\s*,?\s*(?:it'?s|its|make\s+it)"
    r"|correction|wrong\s+time|not\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)?|(?:it'?s|its|is)\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)?"
)
REMINDER_WORD = r"reminders?|remindr|remider|reminer|alarms?|alerts?|notifications?"
OF = r"(?:(?:for|4|to|about|abt|bout|of|re|regarding)\s+)"
CANCEL_VERB = (
    r"cancel+|cancell?ed|cancle|delete|del|remove|drop|stop|clear|kill|scrap|nix|get\s+rid\s+of|turn\s+off|disable"
)
CANCEL = (
    rf"(?:{CANCEL_VERB})\s+(?:all\s+)?(?:the\s+|my\s+|that\s+|this\s+)?(?:(?P<about0>[\w'-]+(?:\s+[\w'-]+){{0,3}})\s+)??"
    rf"(?:{REMINDER_WORD})\s*(?:{OF})?(?P<about>.*)"
    rf"|(?:stop|quit)\s+reminding\s+me\s*(?:{OF}|to\s+)?(?P<about2>.*)"
    rf"|(?:(?:i\s+)?(?:no\s+(?:longer|more)|don'?t|dont|do\s+not)\s+need|no\s+need\s+for)\s+(?:the\s+|my\s+|that\s+|a\s+)?"
    rf"(?:(?P<about3b>[\w'-]+(?:\s+[\w'-]+)?)\s+)??(?:{REMINDER_WORD}|you\s+to\s+remind\s+me)\s*(?:{OF})?(?P<about3>.*)"
    rf"|no\s+need\s+(?:to|2)\s+remind\s+me\s*(?:{OF}|to\s+)?(?P<about4>.*)"
    rf"|(?:{CANCEL_VERB})\s+(?:the\s+|that\s+)?(?:one|1)\s+(?:{OF})(?P<about6>.*)"
    rf"|(?:{CANCEL_VERB})\s+(?:the|that|my)\s+(?P<about7>[\w'-]+(?:\s+[\w'-]+)?)\s+(?:one|1)(?![\w])"
    rf"|forget\s+(?:the\s+|my\s+|about\s+the\s+)(?:{REMINDER_WORD})\s*(?:{OF})?(?P<about5>.*)"
)
UNDO = (
    r"(?:no|nope|oops|actually|wait)?[\s,!.]*(?:cancel+|delete|forget|scratch|undo|remove)\s*(?:that|it|this|pls|please"
    r"|!|\.)*|(?:that\s+was\s+a\s+mistake|that'?s\s+wrong|thats\s+wrong|wrong)(?:[\s,.!]+(?:cancel|delete|undo)"
    r"(?:\s+(?:it|that|pls|please))*)?|never\s*mind(?:\s+that)?|nvm"
)
QUESTION_REMINDER = (
    rf"(?:do\s+i\s+(?:have|hv|got)|have\s+i\s+got|is\s+there|did\s+(?:i|you|u)\s+set|have\s+(?:you|u)\s+set)\s+(?:a|any|my|the)\s+(?:{REMINDER_WORD})\s*"
    rf"(?:{OF})?(?P<about>.*?)\s*\?*$|when'?s\s+(?:my|the)\s+(?P<about2>.+?)\s+(?:{REMINDER_WORD})"
    rf"|when\s+is\s+(?:my|the)\s+(?P<about3>.+?)\s+(?:{REMINDER_WORD})|what\s+time\s+is\s+(?:my|the)\s+(?:{REMINDER_WORD})"
    rf"\s*(?:{OF})?(?P<about4>.*)|(?:any|my)\s+(?:{REMINDER_WORD})\s*(?:for|on)?\s*(?P<about5>.*?)\s*\?"
    rf"|^(?:{REMINDER_WORD})\s*\?+$"
)
NEGATED_REMINDER = (
    r"don'?t\s+remind|do\s+not\s+remind|stop\s+reminding|no\s+need\s+(?:to|2)\s+remind|no\s+longer\s+need"
    r"|quit\s+reminding"
)

STOPWORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "or",
        "my",
        "your",
        "it",
        "its",
        "that",
        "this",
        "is",
        "are",
        "to",
        "for",
        "of",
        "on",
        "in",
        "at",
        "with",
        "me",
        "i",
        "you",
        "pls",
        "please",
        "ok",
        "yes",
        "no",
        "just",
        "already",
    }
)

# A list or a question about reminders: "upcoming reminders", "what r u reminding me about today".
REMIND_VERB = r"remind(?:ing|ed|er)?|set|scheduled"
ASKING = r"\?|what|wat|wut|when|which|any|upcoming|show|list|see|did\s+(?:you|u)|do\s+i\s+have|r\s+u"
PAST_PARTICIPLE = r"[a-z]{3,}ed|out|done|taken|gone|paid|sent|bought"  # "plants watered", "trash is out"
SYNONYMS = {
    "meds": "medication",
    "med": "medication",
    "pills": "medication",
    "appt": "appointment",
    "doc": "doctor",
    "dr": "doctor",
}

# Things of other domains: "cancel/delete X" with one of these and no reminder word is not about a reminder.
OTHER_THINGS = (
    r"calendar|cal|agenda|schedule|expenses?|purchases?|notes?|tasks?|to[\s-]?dos?|recipes?|favou?rites?|faves?"
    r"|goals?|limits?|cap|texts|messages|groceries|grocery|shopping|lists?|category|categories|budgets?|currency"
    r"|time\s*zone|places?|address(?:es)?"
    r"|quiet\s+hours|settings"
)
EVENT_THINGS = r"appts?|appointments?|meetings?|interviews?|events?"
# The reminder itself named by its verb: "stop reminding me…", "no need to remind me…".
REMIND_ME = r"remind(?:ing|ed)?\s+me|remind\s+(?:me|us)"
# Making a reminder insist is another tool: "make it insist", "stop nagging".
ESCALATE = r"insist\w*|nag\w*|escalat\w*|keep\s+(?:going|pinging|buzzing)|ping\s+me\s+again"
# "remind me how to make…": a question in the words after the trigger, not something to remind.
HOW_TO = r"how|what(?:'s|\s+is|\s+are|\s+was|\s+were)?|where|who|which"
# The frame of a question about what the assistant will remind: "what did I ask you to remind me about".
ASK_FRAME = r"what|wat|wut|whats|what's|did|do|i|ask|asked|you|u|to|2|are|r|gonna|going|will|have|set|supposed|were"
# A recurrence word used as an adjective ("weekly goals review", "daily texts"): no time for a reminder.
FREQUENCY_ADJECTIVE = r"daily|weekly|monthly|yearly|annual|nightly|hourly"
# Times that are over: what happened is told, not asked to be reminded.
PAST_TIME = r"yesterday|yday|last\s+(?:night|week|month|year|\w+day)|\w+\s+ago|earlier\s+today"
# Told in the past ("we had the lentil soup tonight"): a time there is not a time to remind.
PAST_VERB = r"had|made|ate|cooked|was|were|went|followed|tried|bought|paid|spent"
# A rate, not a time: "3 per day", "6 texts".
RATE = r"(?:per|a|/)\s*(?:day|d|week|wk|hour|hr)\b|times\b|messages?\b|texts?\b|max\b"
# Only "now": a change of state, not a time to remind ("we live in toronto now").
NOW_WORD = r"now|nowadays|from\s+now\s+on"
# A planned thing called off, the verb first: "cancel the dentist", "call off dinner w sam", "nvm the gym thing",
# "forget about the meeting" ("forget" only for an event: it is also the memory's verb).
CALL_OFF = (
    r"(?:(?:ok|so|actually|no|nah|hey|oh|pls|plz|please|can\s+(?:you|u)|could\s+(?:you|u)|let'?s|lets|we\s+can"
    r"|i\s+(?:need|want|have)\s+to|need\s+to|gotta|i'?m\s+gonna|gonna)[\s,]+)*"
    r"(?P<verb>cancel+(?:l?ed)?|cancle|call\s+off|calling\s+off|scrap|nix|ditch|skip|nvm|never\s*mind"
    r"|forget(?:\s+(?:about|abt))?)"
)
# Said as "no X" and when: "no gym tonight", "no dinner w sam tmrw after all" (not "no more", "no need"…).
NO_THING = r"no(?!\s+(?:more|need|longer|time|thanks|way|problem|worries|idea|clue|rush|pressure)\b)"
WHEN_OFF = (
    r"tonight|tonite|2nite|today|2day|tomorrow|tmrw|tmr|tomoro|this\s+(?:morning|afternoon|evening|week(?:end)?)"
    r"|after\s+all|anymore|any\s+more|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?"
)
# Words around the thing's name: "scrap the gym thing"; words that refer instead of naming ("cancel the one
# about…", "forget what i told you", "forget that im allergic…"): the reminders' and the memory's own phrases.
THING_WORDS = r"thing|thingy|stuff|plans?|about|abt|finally|after|all|anymore|more|tonight|today"
REFERENCE = (
    r"(?:the\s+|that\s+)?(?:one|1)\b|it\b|that\b|this\b|them\b|all\b|everything|what|something|anything"
    r"|(?:the\s+)?last|i\b|i'|you\b|u\b|we\b|it'?s|its\b|make\b|not\b|sorry|wait|actually|just\b|thanks|thx|ok\b"
)
