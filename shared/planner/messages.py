"""The planner slice's sentences, French and English (merged into shared.i18n.messages)."""

MESSAGES: dict[str, dict[str, str]] = {
    "plan.header": {
        "fr": "Au programme {day} :",
        "en": "Your plan for {day}:",
    },
    "plan.empty": {
        "fr": "Rien de prévu {day} : ni rendez-vous, ni tâche, ni rappel.",
        "en": "Nothing planned for {day}: no events, tasks or reminders.",
    },
    "plan.today": {"fr": "aujourd'hui", "en": "today"},
    "plan.tomorrow": {"fr": "demain", "en": "tomorrow"},
    "plan.all_day": {"fr": "Toute la journée", "en": "All day"},
    "plan.until": {"fr": "Jusqu'à {clock}", "en": "Until {clock}"},
    "plan.reminder": {"fr": "rappel : {what}", "en": "reminder: {what}"},
    "plan.reminder_bare": {"fr": "rappel", "en": "reminder"},
    "plan.task": {"fr": "A faire : {title}", "en": "To do: {title}"},
    "plan.task_late": {"fr": "A faire (en retard) : {title}", "en": "To do (overdue): {title}"},
    "plan.more": {"fr": "+{n} autre(s)", "en": "+{n} more"},
    "plan.ask_day": {
        "fr": "Pour quel jour ? Par ex. « demain » ou « vendredi ».",
        "en": 'For which day? E.g. "tomorrow" or "Friday".',
    },
    "plan.bad_day": {
        "fr": "Je ne peux faire un programme que pour un jour proche (à moins d'un an).",
        "en": "I can only plan a day within a year from now.",
    },
    "plan.steps": {
        "fr": "Pour {task}, de petites étapes :",
        "en": "For {task}, small steps:",
    },
    "plan.steps_offer": {
        "fr": "Réponds « ajoute les étapes » pour en faire des tâches.",
        "en": 'Reply "add the steps" to make them tasks.',
    },
    "plan.no_steps": {
        "fr": "Je ne sais pas découper ça. Essaie avec une première action de 5 minutes, la plus simple possible.",
        "en": "I don't know how to split that one. Try a first action of 5 minutes, the simplest you can think of.",
    },
    "plan.ask_task": {
        "fr": "Qu'est-ce que je découpe en petites étapes ?",
        "en": "What should I break down into small steps?",
    },
    "plan.steps_added": {
        "fr": "OK, j'ai ajouté {n} tâches pour {task}. Commence par : {first}",
        "en": "OK, I added {n} tasks for {task}. Start with: {first}",
    },
}
