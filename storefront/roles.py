"""The people of DOMAIN.md "People and roles" as Django groups, each holding the permissions it needs and no more.

This is the one home of who may do what by role. Scoping to one's own things (an instructor's workshops, a maker's
own listings and statements) is done by the views on top of these permissions, never instead of them. Editors are
Wagtail's own "Editors" and "Moderators" groups, which Wagtail's migrations create and configure. The groups are
brought to these lists after every migrate, so every database (demo, tests, production) has the same roles.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

BUYERS, MAKERS, INSTRUCTORS, ADMINS = "Buyers", "Makers", "Instructors", "Co-op admins"
EDITORS, MODERATORS = "Editors", "Moderators"

_LISTING = [
    "partner.dashboard_access",
    "catalogue.view_product", "catalogue.add_product", "catalogue.change_product",
    "catalogue.view_productimage", "catalogue.add_productimage", "catalogue.change_productimage",
    "catalogue.delete_productimage",
    "partner.view_stockrecord", "partner.add_stockrecord", "partner.change_stockrecord",
    "makers.view_attribution", "makers.add_attribution", "makers.change_attribution", "makers.delete_attribution",
]

# Members' votes (makers.governance): instructors enter and confirm the paper ballots of their workshops' members.
_PAPER_BALLOTS = ["makers.view_meeting", "makers.view_proposal", "makers.enter_paper_ballot",
                  "makers.confirm_paper_ballot"]

ROLES = {
    # Anyone with an account; buying needs no permission.
    BUYERS: [],
    # Released and community makers: propose their own listings, see their own statements.
    MAKERS: _LISTING,
    # Workshop staff: list for their makers, record consent, print statements, fulfil their workshop's orders.
    INSTRUCTORS: _LISTING + [
        "makers.view_maker", "makers.view_consent", "makers.add_consent", "makers.change_consent",
        "makers.view_statement",
        *_PAPER_BALLOTS,
    ],
    # Co-op officers (also staff, for Oscar's dashboard): review listings, manage makers and policies, payout runs.
    ADMINS: _LISTING + [
        "catalogue.review_product", "catalogue.delete_product",
        "catalogue.view_category", "catalogue.add_category", "catalogue.change_category",
        "makers.view_maker", "makers.add_maker", "makers.change_maker", "makers.view_private_maker",
        "makers.view_makerstatus", "makers.add_makerstatus", "makers.change_makerstatus",
        "makers.view_consent", "makers.add_consent", "makers.change_consent",
        "makers.view_membership", "makers.add_membership", "makers.change_membership",
        "makers.view_workshop", "makers.add_workshop", "makers.change_workshop",
        "makers.view_statement", "payouts.view_payoutrun", "payouts.add_payoutrun", "payouts.approve_payoutrun",
        "payouts.view_splitpolicy", "payouts.add_splitpolicy",
        "payouts.view_transaction", "payouts.add_transaction",  # held sales: see them, allocate them again
        "storefront.view_auditentry", "shop.view_stripeevent",
        "partner.view_stockalert",  # the "View Stock Alerts" button of the dashboard home
        *_PAPER_BALLOTS, "makers.add_meeting", "makers.add_proposal", "makers.close_proposal",
        "makers.apply_distribution",
    ],
}


def sync_roles(sender, using="default", **kwargs):
    """Bring each role's group to exactly its permissions (run once per migrate, after the last app's turn)."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    for name, codes in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(permissions(codes, using))


def permissions(codes, using="default"):
    wanted = {tuple(code.split(".", 1)) for code in codes}
    found = [perm for perm in Permission.objects.using(using).select_related("content_type")
             if (perm.content_type.app_label, perm.codename) in wanted]
    missing = wanted - {(perm.content_type.app_label, perm.codename) for perm in found}
    if missing:
        raise LookupError(f"Roles name permissions that do not exist: {sorted('.'.join(m) for m in missing)}")
    return found


def join_buyers(sender, user, **kwargs):
    """A new account is a buyer's until an admin gives it another role."""
    user.groups.add(Group.objects.get(name=BUYERS))
