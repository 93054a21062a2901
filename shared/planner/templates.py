"""First steps for common chores, French and English, for "décompose : ranger le garage" when no model is at
hand. Each template is a few small, concrete steps (3 to 7), the first one easy enough to start now; a
template is chosen from the folded words of the task (plural marks aside). No template: the planner says
plainly that it does not know how to split that one."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def fold_words(text: str) -> list[str]:
    """Folded words of `text`, plural marks off ("impôts" -> "impot", "boxes" -> "boxe")."""
    plain = unicodedata.normalize("NFKD", text.replace("œ", "oe").lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return [w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in re.findall(r"[a-z0-9]+", plain)]


@dataclass(frozen=True)
class Template:
    name: str
    words: frozenset[str]  # folded, plural marks off (as fold_words gives them)
    steps: dict[str, tuple[str, ...]]  # language -> steps


def _t(name: str, words: str, fr: tuple[str, ...], en: tuple[str, ...]) -> Template:
    return Template(name, frozenset(fold_words(words)), {"fr": fr, "en": en})


# The most specific first: "nettoyer le garage" is the garage, not cleaning in general.
TEMPLATES: tuple[Template, ...] = (
    _t(
        "taxes",
        "impot impots declaration taxe tax taxes fiscal",
        (
            "Retrouve ton numéro fiscal et ton mot de passe impots.gouv",
            "Rassemble tes revenus de l'année (bulletins, attestations)",
            "Note tes frais et dons à déduire",
            "Ouvre ta déclaration en ligne et vérifie ce qui est prérempli",
            "Corrige ce qui est faux, puis valide",
            "Garde l'accusé de réception",
        ),
        (
            "Find last year's return and your login",
            "Gather your income forms (W-2, 1099)",
            "List deductions and receipts",
            "Open the tax software or book an appointment",
            "Fill in one section at a time",
            "Review, file, and save the confirmation",
        ),
    ),
    _t(
        "moving",
        "demenagement demenager demenage move moving carton box",
        (
            "Choisis la date et réserve le camion ou les déménageurs",
            "Récupère des cartons et du scotch",
            "Fais une pièce à la fois, en commençant par ce qui sert peu",
            "Écris la pièce de destination sur chaque carton",
            "Préviens la banque, l'assurance, la poste et ton employeur",
            "Prépare un sac pour le premier soir",
        ),
        (
            "Pick the date and book the truck or movers",
            "Get boxes and tape",
            "Pack one room at a time, least used first",
            "Label each box with its new room",
            "Update your address: bank, insurance, post office, work",
            "Pack a first-night bag",
        ),
    ),
    _t(
        "garage",
        "garage cave grenier cellier remise basement attic shed",
        (
            "Mets 3 zones : garder, donner, jeter",
            "Sors tout ce qui est par terre près de la porte",
            "Trie 15 minutes, pas plus, puis fais une pause",
            "Jette ou sors les sacs tout de suite",
            "Range ce que tu gardes par famille (outils, sport, jardin)",
            "Dépose les dons cette semaine",
        ),
        (
            "Set up 3 piles: keep, donate, trash",
            "Pull out everything on the floor near the door",
            "Sort for 15 minutes, then take a break",
            "Take the trash bags out right away",
            "Group what you keep (tools, sports, garden)",
            "Drop off the donations this week",
        ),
    ),
    _t(
        "kitchen",
        "cuisine kitchen vaisselle dishe dish frigo fridge",
        (
            "Vide l'évier et lance le lave-vaisselle",
            "Jette ce qui traîne sur le plan de travail",
            "Range ce qui n'a rien à faire dans la cuisine",
            "Nettoie le plan de travail et la table",
            "Sors la poubelle",
            "Passe un coup de balai",
        ),
        (
            "Empty the sink and start the dishwasher",
            "Clear the counters of trash",
            "Put away anything that doesn't belong in the kitchen",
            "Wipe the counters and the table",
            "Take out the trash",
            "Sweep the floor",
        ),
    ),
    _t(
        "emails",
        "mail mails email emails courriel courriels inbox messagerie",
        (
            "Mets un minuteur de 20 minutes",
            "Supprime ou archive les pubs et newsletters",
            "Réponds tout de suite à ce qui prend moins de 2 minutes",
            "Marque le reste à traiter, le plus urgent en haut",
            "Désabonne-toi de 3 listes inutiles",
        ),
        (
            "Set a 20-minute timer",
            "Delete or archive ads and newsletters",
            "Answer anything that takes under 2 minutes",
            "Flag the rest, most urgent first",
            "Unsubscribe from 3 useless lists",
        ),
    ),
    _t(
        "laundry",
        "lessive linge laundry machine repassage ironing",
        (
            "Ramasse le linge sale dans un panier",
            "Trie : blanc, couleurs, délicat",
            "Lance une machine",
            "Mets une alarme pour la fin du cycle",
            "Étends ou sèche tout de suite",
            "Plie et range",
        ),
        (
            "Gather the dirty clothes in a basket",
            "Sort: whites, colors, delicates",
            "Start one load",
            "Set an alarm for the end of the cycle",
            "Hang or dry it right away",
            "Fold and put away",
        ),
    ),
    _t(
        "room",
        "chambre room bedroom bureau desk placard closet dressing",
        (
            "Ouvre la fenêtre et mets de la musique",
            "Mets le linge sale dans le panier",
            "Jette les déchets et sors la vaisselle",
            "Range ce qui est par terre",
            "Fais le lit",
            "Range une seule surface (bureau ou table de nuit)",
        ),
        (
            "Open the window and put on some music",
            "Put dirty clothes in the hamper",
            "Throw out trash and take out the dishes",
            "Pick up everything on the floor",
            "Make the bed",
            "Clear one surface (desk or nightstand)",
        ),
    ),
    _t(
        "cleaning",
        "menage nettoyage nettoyer appartement appart maison cleaning clean house apartment flat tidy",
        (
            "Choisis une seule pièce pour commencer",
            "Mets un minuteur de 15 minutes",
            "Ramasse ce qui traîne et jette les déchets",
            "Range chaque objet à sa place",
            "Dépoussière puis passe l'aspirateur",
            "Fais une pause, puis la pièce suivante",
        ),
        (
            "Pick one room to start with",
            "Set a 15-minute timer",
            "Pick up clutter and trash",
            "Put each thing back where it goes",
            "Dust, then vacuum",
            "Take a break, then the next room",
        ),
    ),
    _t(
        "resume",
        "cv resume candidature motivation",
        (
            "Ouvre ton dernier CV",
            "Ajoute ton poste actuel et 3 réussites chiffrées",
            "Enlève ce qui est trop ancien",
            "Relis l'offre et reprends ses mots-clés",
            "Fais relire par quelqu'un",
            "Exporte en PDF",
        ),
        (
            "Open your latest resume",
            "Add your current job and 3 results with numbers",
            "Cut what is too old",
            "Reread the job post and use its keywords",
            "Ask someone to proofread",
            "Export to PDF",
        ),
    ),
    _t(
        "party",
        "anniv anniversaire fete soiree party bday birthday",
        (
            "Choisis la date, l'heure et le lieu",
            "Fais la liste des invités",
            "Envoie les invitations",
            "Choisis le gâteau et le repas",
            "Fais les courses et la déco",
            "Trouve le cadeau",
        ),
        (
            "Pick the date, time and place",
            "Write the guest list",
            "Send the invitations",
            "Choose the cake and the food",
            "Shop for food and decorations",
            "Get the present",
        ),
    ),
    _t(
        "paperwork",
        "papier papiers paperwork administratif admin facture factures bill bills courrier",
        (
            "Rassemble tous les papiers en une pile",
            "Trie : à payer, à classer, à jeter",
            "Paie ou programme ce qui est à payer",
            "Classe le reste dans un dossier par thème",
            "Jette ou déchiquette le reste",
        ),
        (
            "Gather all the papers in one pile",
            "Sort: to pay, to file, to toss",
            "Pay or schedule what is due",
            "File the rest in folders by topic",
            "Recycle or shred the rest",
        ),
    ),
    _t(
        "groceries",
        "courses groceries grocery repas meal menu",
        (
            "Regarde ce qu'il reste dans le frigo et les placards",
            "Choisis 3 repas pour les jours qui viennent",
            "Fais la liste des ingrédients qui manquent",
            "Ajoute les basiques (lait, pain, fruits)",
            "Va faire les courses ou commande en ligne",
        ),
        (
            "Check what's left in the fridge and cupboards",
            "Pick 3 meals for the next few days",
            "List the missing ingredients",
            "Add the basics (milk, bread, fruit)",
            "Go shopping or order online",
        ),
    ),
    _t(
        "trip",
        "valise voyage vacance vacances packing pack trip travel vacation",
        (
            "Regarde la météo sur place",
            "Fais la liste : vêtements, toilette, papiers, chargeurs",
            "Sors tout sur le lit",
            "Mets les papiers et les chargeurs en premier",
            "Remplis la valise et ferme-la",
        ),
        (
            "Check the weather there",
            "List: clothes, toiletries, documents, chargers",
            "Lay everything out on the bed",
            "Pack documents and chargers first",
            "Fill the suitcase and close it",
        ),
    ),
)


def match(task: str) -> Template | None:
    """The template for this task, the most specific first; None when none fits."""
    words = set(fold_words(task))
    return next((tpl for tpl in TEMPLATES if words & tpl.words), None)
