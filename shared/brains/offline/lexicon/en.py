"""English word tables (folded: no accents), texting spellings included."""

THANKS = r"thanks?(?:\s+(?:a\s+lot|so\s+much|you))?|thank\s+u|thx|thnx|tx|ty|tysm|cheers|much\s+appreciated|ta|merci"
GREETING = (
    r"hi+|hello|hey+|heya|yo|hiya|good\s+(?:morning|afternoon|evening)|morning|evening|sup|howdy|there"
    r"|how\s+are\s+(?:you|u)|how'?s\s+it\s+going|what'?s\s+up|wassup|you"
)
OK = r"ok+|okay|k|kk|sure|cool|great|perfect|nice|alright|got\s+it|sounds\s+good|yes|yep|yeah|👍|👌"
CAPABILITIES = (
    r"what\s+(?:can|do)\s+(?:you|u)\s+do|what\s+are\s+(?:you|u)|who\s+are\s+(?:you|u)|how\s+(?:does|do)\s+(?:this|it|you)"
    r"\s+work|what\s+is\s+boussole|how\s+do\s+i\s+use|help\s+me|what\s+(?:can|do)\s+i\s+(?:ask|say)|instructions"
)
DISTRESS = (
    r"overwhelm\w*|can'?t\s+cope|too\s+much\s+(?:to\s+do|going\s+on|stuff)|stress(?:ed|ing)?\s+out|so\s+stressed"
    r"|anxious|anxiety|panick?(?:ing|ed)?|i'?m\s+(?:so\s+)?(?:behind|lost|drowning|exhausted|burnt\s+out|burned\s+out)"
    r"|i\s+give\s+up|i\s+can'?t\s+(?:do\s+(?:this|it)|focus|keep\s+up)|falling\s+apart|i\s+suck|everything\s+is\s+a\s+mess"
    r"|procrastinat\w*"
)
CRISIS = r"suicid|kill\s+myself|end\s+it\s+all|end\s+my\s+life|want\s+to\s+die|hurt\s+myself|self[\s-]harm"
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
