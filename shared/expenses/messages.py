"""The expenses slice's sentences, French and English (merged into shared.i18n.messages)."""

MESSAGES: dict[str, dict[str, str]] = {
    "expense.added": {
        "fr": "Noté : {amount} — {what} ({category}){when}.",
        "en": "Got it: {amount} — {what} ({category}){when}.",
    },
    "expense.added_recurring": {
        "fr": "Noté : {amount} {every} — {what} ({category}). Je le compte dans tes totaux.",
        "en": "Got it: {amount} {every} — {what} ({category}). I'll count it in your totals.",
    },
    "expense.ask_amount": {
        "fr": "Combien as-tu dépensé ? (ex. 12,50 €)",
        "en": "How much did you spend? (e.g. $12.50)",
    },
    "expense.ask_amount_for": {
        "fr": "Combien pour {what} ? (ex. 12,50 €)",
        "en": "How much for {what}? (e.g. $12.50)",
    },
    "expense.ask_amount_unclear": {
        "fr": "Je ne suis pas sûr du montant « {words} ». Tu peux l'écrire comme 12,50 € ?",
        "en": 'I\'m not sure about the amount "{words}". Could you write it like $12.50?',
    },
    "expense.ask_when": {
        "fr": "C'était quand ? (ex. hier, lundi, le 3 mars)",
        "en": "When was that? (e.g. yesterday, Monday, March 3)",
    },
    "expense.ask_currency": {
        "fr": "Je ne connais pas la devise « {code} ». Laquelle ? (ex. EUR, USD)",
        "en": 'I don\'t know the currency "{code}". Which one? (e.g. USD, EUR)',
    },
    "expense.bad_amount": {
        "fr": "Le montant doit être positif, avec au plus 2 décimales et 10 chiffres avant la virgule.",
        "en": "The amount must be positive, with at most 2 decimals and 10 digits before the point.",
    },
    "expense.unknown_currency": {
        "fr": "Je ne connais pas la devise « {given} » (il faut un code ISO 4217, ex. EUR).",
        "en": 'I don\'t know the currency "{given}" (an ISO 4217 code is needed, e.g. USD).',
    },
    "expense.bad_date": {
        "fr": "Cette date ne va pas pour une dépense (pas dans le futur, pas avant 2000).",
        "en": "That date doesn't work for an expense (not in the future, not before 2000).",
    },
    "expense.bad_rule": {
        "fr": "Je ne comprends pas cette récurrence (il faut une règle RFC 5545, ex. FREQ=MONTHLY).",
        "en": "I can't read that recurrence (an RFC 5545 rule is needed, e.g. FREQ=MONTHLY).",
    },
    "expense.bad_payment": {
        "fr": "Moyen de paiement inconnu (carte, espèces, virement, chèque, prélèvement, mobile, autre).",
        "en": "Unknown payment method (card, cash, transfer, cheque, direct_debit, mobile, other).",
    },
    "expense.bad_category": {
        "fr": "Il me faut un nom de catégorie (64 caractères au plus).",
        "en": "I need a category name (64 characters at most).",
    },
    "expense.duplicate": {
        "fr": "Cette dépense est déjà notée.",
        "en": "That expense is already recorded.",
    },
    "expense.not_found": {
        "fr": "Je ne trouve pas cette dépense.",
        "en": "I can't find that expense.",
    },
    "expense.none_yet": {
        "fr": "Tu n'as encore noté aucune dépense.",
        "en": "You haven't recorded any expenses yet.",
    },
    "expense.deleted": {
        "fr": "OK, j'ai supprimé la dépense : {amount} — {what}.",
        "en": "OK, I deleted the expense: {amount} — {what}.",
    },
    "expense.recategorised": {
        "fr": "OK, {what} ({amount}) est maintenant dans {category}.",
        "en": "OK, {what} ({amount}) is now under {category}.",
    },
    "expense.ask_category": {
        "fr": "Dans quelle catégorie ? (ex. resto, courses, transports)",
        "en": "Which category? (e.g. eating out, groceries, transport)",
    },
    "expense.category_not_found": {
        "fr": "Je ne trouve pas la catégorie « {name} ».",
        "en": 'I can\'t find the category "{name}".',
    },
    "expense.category_gone": {
        "fr": "Je ne trouve pas cette catégorie.",
        "en": "I can't find that category.",
    },
    "expense.category_exists": {
        "fr": "La catégorie « {name} » existe déjà.",
        "en": 'The category "{name}" already exists.',
    },
    "expense.budget_set": {
        "fr": "Budget {category} : {amount} par mois. Déjà {spent} ce mois-ci ({percent} %).",
        "en": "Budget for {category}: {amount} a month. {spent} spent so far this month ({percent}%).",
    },
    "expense.budget_set_fresh": {
        "fr": "Budget {category} : {amount} par mois. Je te préviens à 80 % et à 100 %.",
        "en": "Budget for {category}: {amount} a month. I'll let you know at 80% and 100%.",
    },
    "expense.ask_budget_amount": {
        "fr": "Quel budget par mois pour {category} ?",
        "en": "What monthly budget for {category}?",
    },
    "expense.ask_budget_category": {
        "fr": "Un budget pour quelle catégorie ? (ex. resto, courses)",
        "en": "A budget for which category? (e.g. eating out, groceries)",
    },
    "expense.summary": {
        "fr": "{period}, tu as dépensé {totals}.",
        "en": "{period}, you spent {totals}.",
    },
    "expense.summary_lines": {
        "fr": "Par catégorie : {lines}.",
        "en": "By category: {lines}.",
    },
    "expense.summary_category": {
        "fr": "{period}, en {category} : {totals}{budget}.",
        "en": "{period}, on {category}: {totals}{budget}.",
    },
    "expense.summary_budget": {
        "fr": " ({percent} % de ton budget de {budget})",
        "en": " ({percent}% of your {budget} budget)",
    },
    "expense.summary_none": {
        "fr": "{period}, aucune dépense notée.",
        "en": "{period}, no expenses recorded.",
    },
    "expense.summary_none_category": {
        "fr": "{period}, aucune dépense notée en {category}.",
        "en": "{period}, no expenses recorded on {category}.",
    },
    "expense.summary_recurring": {
        "fr": "Dont récurrent : {items}.",
        "en": "Including recurring: {items}.",
    },
    "expense.alert_80": {
        "fr": "Attention : {spent} en {category} ce mois-ci, soit {percent} % de ton budget de {budget}.",
        "en": "Heads-up: {spent} on {category} this month, {percent}% of your {budget} budget.",
    },
    "expense.alert_100": {
        "fr": "Budget {category} dépassé : {spent} ce mois-ci pour un budget de {budget} ({percent} %).",
        "en": "Over your {category} budget: {spent} this month against {budget} ({percent}%).",
    },
    "expense.uncategorised": {
        "fr": "sans catégorie",
        "en": "uncategorised",
    },
    "expense.no_description": {
        "fr": "dépense",
        "en": "expense",
    },
    "expense.period.this_month": {"fr": "Ce mois-ci", "en": "This month"},
    "expense.period.this_week": {"fr": "Cette semaine", "en": "This week"},
    "expense.period.today": {"fr": "Aujourd'hui", "en": "Today"},
    "expense.period.month": {"fr": "En {month}", "en": "In {month}"},
    "expense.period.week": {"fr": "La semaine du {day}", "en": "The week of {day}"},
    "expense.period.range": {"fr": "Du {start} au {end}", "en": "From {start} to {end}"},
    "expense.when.yesterday": {"fr": ", hier", "en": ", yesterday"},
    "expense.when.day": {"fr": ", le {day}", "en": ", on {day}"},
    "expense.every": {"fr": "({every})", "en": "({every})"},
    "expense.months": {
        "fr": "janvier,février,mars,avril,mai,juin,juillet,août,septembre,octobre,novembre,décembre",
        "en": "January,February,March,April,May,June,July,August,September,October,November,December",
    },
}
