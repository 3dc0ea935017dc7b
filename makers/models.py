"""Workshops, makers and what the co-op records about them (DOMAIN.md "Things").

A maker's public face is a display name and a bio about the craft. Their legal name, prisoner number and establishment
are private: they live only on ``Maker``'s private fields, are never rendered by public templates, indexed for search or
written to logs, and ``Maker.__str__``/``__repr__`` use the display name only.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify


class Workshop(models.Model):
    """A place of production, a prison workshop or a community studio.

    It fulfils orders for what it makes, so each workshop is an Oscar partner: stock records and order lines belong to
    it, and instructors are linked to the workshops they run.
    """

    PRISON, COMMUNITY = "prison", "community"
    KIND_CHOICES = [(PRISON, "Prison workshop"), (COMMUNITY, "Community studio")]

    name = models.CharField(max_length=120, unique=True, help_text="Public name. Never the prison's name.")
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    region = models.CharField(max_length=80, blank=True, help_text="A broad public region, such as 'North West England'.")
    description = models.TextField(blank=True, help_text="Public: the craft and the place, in a few sentences.")
    partner = models.OneToOneField(
        "partner.Partner", on_delete=models.PROTECT, related_name="workshop",
        help_text="The Oscar partner that holds this workshop's stock and fulfils its order lines.",
    )
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="workshops",
        help_text="Staff who list products and record consent for this workshop's makers.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("makers:workshop", kwargs={"slug": self.slug})


prisoner_number_validator = RegexValidator(
    r"^[A-Z]\d{4}[A-Z]{2}$", "A prisoner number has the form A1234BC: a letter, four digits, two letters."
)


class Maker(models.Model):
    """A co-op member whose work the shop sells, shown to the public only by display name."""

    display_name = models.CharField(
        max_length=40, help_text="Public: a first name or a chosen name, never a surname."
    )
    slug = models.SlugField(max_length=60, unique=True)
    bio = models.TextField(blank=True, help_text="Public: a few sentences about the craft and what comes next.")
    photo = models.ImageField(
        upload_to="makers/", blank=True, help_text="Shown only while the maker's consent to a photo is recorded."
    )
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="makers")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="maker",
        help_text="Released and community makers may sign in to see their listings and statements.",
    )
    # Private: admins only. Never on a public page, in a search index, a log line or an error message.
    legal_name = models.CharField(max_length=120, help_text="Private.")
    prisoner_number = models.CharField(
        max_length=7, blank=True, validators=[prisoner_number_validator], help_text="Private."
    )
    establishment = models.CharField(max_length=120, blank=True, help_text="Private: the prison, if any.")
    opt_out_reparation = models.BooleanField(
        default=False, help_text="Released makers may opt out of the voluntary reparation share; it then goes to wages."
    )
    housed_by_coop = models.BooleanField(
        default=False, help_text="A released maker housed by the co-op contributes to room and board."
    )

    PRIVATE_FIELDS = ("legal_name", "prisoner_number", "establishment")

    class Meta:
        ordering = ["display_name"]
        permissions = [
            ("view_private_maker", "Can see makers' legal names, prisoner numbers and establishments"),
            ("view_statement", "Can see and print the statements of the makers they look after"),
        ]

    def __str__(self):
        return self.display_name

    def __repr__(self):
        return f"<Maker {self.pk}: {self.display_name}>"

    def get_absolute_url(self):
        return reverse("makers:maker", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Maker, self.display_name)
        super().save(*args, **kwargs)

    def status_on(self, when=None):
        """The status in force on a date or at a moment (London time), or None: one query."""
        return MakerStatus.objects.in_force(when).filter(maker=self).values_list("status", flat=True).first()

    def has_consent(self, scope, when=None):
        return Consent.objects.in_force(when).filter(maker=self, scope=scope).exists()


def unique_slug(model, text):
    base = slugify(text) or "maker"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def london_date(when):
    """A date stays a date; a moment becomes its Europe/London calendar date (statuses change on dates)."""
    if when is None:
        when = timezone.now()
    if isinstance(when, datetime.datetime):
        return timezone.localtime(when).date() if timezone.is_aware(when) else when.date()
    return when


class DatedQuerySet(models.QuerySet):
    """Rows with a half-open validity period; ``in_force(when)`` keeps the ones valid on that London date."""

    start_field = "starts_on"
    end_field = "ends_on"

    def in_force(self, when=None):
        day = london_date(when)
        return self.filter(**{f"{self.start_field}__lte": day}).filter(
            Q(**{f"{self.end_field}__isnull": True}) | Q(**{f"{self.end_field}__gt": day})
        )


class MakerStatus(models.Model):
    """One period of a maker's status. Money follows the status in force when an order was placed.

    Periods are half-open, [starts_on, ends_on); an open end means "until further notice". Periods of one maker never
    overlap: checked in ``clean`` and again under a row lock in ``save`` so two admins can't race each other.
    """

    SERVING_INSIDE, ROTL, RELEASED, COMMUNITY = "serving_inside", "rotl", "released", "community"
    STATUS_CHOICES = [
        (SERVING_INSIDE, "Serving, works in a prison workshop"),
        (ROTL, "Serving, on release on temporary licence"),
        (RELEASED, "Released, member after release"),
        (COMMUNITY, "Community member"),
    ]

    maker = models.ForeignKey(Maker, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(max_length=20, choices=STATUS_CHOICES)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="First day no longer in this status; empty if current.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["maker", "starts_on"]
        verbose_name_plural = "maker statuses"
        indexes = [models.Index(fields=["maker", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="maker_status_ends_after_start",
                violation_error_message="A status period must end after it starts.",
            )
        ]

    def __str__(self):
        end = self.ends_on or "now"
        return f"{self.get_status_display()} from {self.starts_on} to {end}"

    def overlapping(self):
        others = MakerStatus.objects.filter(maker_id=self.maker_id).exclude(pk=self.pk)
        others = others.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=self.starts_on))
        if self.ends_on is not None:
            others = others.filter(starts_on__lt=self.ends_on)
        return others

    def clean(self):
        if self.ends_on is not None and self.starts_on is not None and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": "A status period must end after it starts."})
        if self.maker_id and self.starts_on and self.overlapping().exists():
            clash = self.overlapping().first()
            raise ValidationError(f"This period overlaps the maker's existing status: {clash}.")

    def save(self, *args, **kwargs):
        with transaction.atomic():
            Maker.objects.select_for_update().filter(pk=self.maker_id).first()
            self.clean()
            super().save(*args, **kwargs)


class MembershipQuerySet(DatedQuerySet):
    start_field = "joined_on"
    end_field = "ended_on"


class Membership(models.Model):
    """Co-op membership: one member, one vote, whatever the class or the size of the share.

    Dated like a status: a member from ``joined_on`` until the day before ``ended_on`` (``in_force``), so the register
    of any day can be read back.
    """

    MAKER, WORKER, COMMUNITY, SUPPORTER = "maker", "worker", "community", "supporter"
    CLASS_CHOICES = [(MAKER, "Maker"), (WORKER, "Worker"), (COMMUNITY, "Community"), (SUPPORTER, "Supporter")]

    number = models.CharField(max_length=20, unique=True, help_text="Member number, such as TTG-0042.")
    member_class = models.CharField(max_length=12, choices=CLASS_CHOICES)
    joined_on = models.DateField()
    maker = models.OneToOneField(Maker, null=True, blank=True, on_delete=models.PROTECT, related_name="membership")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="membership"
    )
    fee_paid_pence = models.PositiveIntegerField(default=0, help_text="Membership fee paid, in pence.")
    share_paid_pence = models.PositiveIntegerField(default=0, help_text="Share capital paid, in pence.")
    ended_on = models.DateField(null=True, blank=True,
                                help_text="First day no longer a member (left, or membership ended); empty if current.")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("joined_on")),
                name="membership_ends_after_joining",
                violation_error_message="A membership must end after the day the member joined.",
            )
        ]

    def __str__(self):
        return self.number


class Attribution(models.Model):
    """Who made a product. Co-made work splits the wage part by share weight."""

    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="attributions")
    maker = models.ForeignKey(Maker, on_delete=models.PROTECT, related_name="attributions")
    share_weight = models.PositiveIntegerField(
        default=1, help_text="Relative share of the wage part: 2 and 1 split it two thirds and one third."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order of credit; the first maker wins ties.")

    class Meta:
        ordering = ["product", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "maker"], name="one_attribution_per_maker"),
            models.CheckConstraint(
                condition=Q(share_weight__gt=0),
                name="attribution_share_positive",
                violation_error_message="A share weight must be a positive whole number.",
            ),
        ]

    def __str__(self):
        return f"{self.maker} ({self.share_weight})"


class ConsentQuerySet(DatedQuerySet):
    start_field = "given_on"
    end_field = "withdrawn_on"


class Consent(models.Model):
    """What a maker agreed to, and when. Withdrawing consent takes down what depended on it."""

    LISTING, PHOTO, STORY = "listing", "photo", "story"
    SCOPE_CHOICES = [
        (LISTING, "Listing work under their display name"),
        (PHOTO, "Showing their photo"),
        (STORY, "Publishing a story about them"),
    ]

    maker = models.ForeignKey(Maker, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(max_length=12, choices=SCOPE_CHOICES)
    given_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    notes = models.TextField(blank=True, help_text="Private: how and where consent was given.")

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["maker", "scope", "given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message="Consent cannot be withdrawn before it was given.",
            )
        ]

    def __str__(self):
        return f"{self.get_scope_display()} since {self.given_on}"


class Meeting(models.Model):
    """A general meeting, or a written resolution sent to every member: the occasion on which members decide.

    Its proposals carry their own voting windows, quorum and majority; the meeting groups them for the members'
    pages, the printed ballot papers and the results sheet.
    """

    GENERAL, WRITTEN = "general", "written"
    KIND_CHOICES = [(GENERAL, "General meeting"), (WRITTEN, "Written resolution")]

    title = models.CharField(max_length=120, help_text="Such as 'Annual general meeting 2026'.")
    kind = models.CharField(max_length=12, choices=KIND_CHOICES, default=GENERAL)
    held_on = models.DateField(null=True, blank=True, help_text="The day of the meeting; empty for a written resolution.")
    notes = models.TextField(blank=True, help_text="For members: where, when and what the meeting is about.")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return self.title


class Proposal(models.Model):
    """One question put to the members, with its options, voting window, quorum and majority rule.

    A rule change needs two thirds of the votes cast; anything else a simple majority (more than half). A surplus
    distribution shares the co-op surplus of paid payout runs: each option is a plan in pence that adds up to it.
    Results are counted once, at the close, and kept in ``results`` so later changes to the register cannot move them.
    """

    ORDINARY, RULE_CHANGE, SURPLUS = "ordinary", "rule_change", "surplus"
    KIND_CHOICES = [(ORDINARY, "Ordinary resolution"), (RULE_CHANGE, "Change to the co-op's rules"),
                    (SURPLUS, "Distribution of the co-op surplus")]
    SIMPLE, TWO_THIRDS = "simple", "two_thirds"
    MAJORITY_CHOICES = [(SIMPLE, "Simple majority (more than half of the votes cast)"),
                        (TWO_THIRDS, "Two thirds of the votes cast")]

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(max_length=160)
    text = models.TextField(help_text="What members are asked to decide, in plain words.")
    kind = models.CharField(max_length=12, choices=KIND_CHOICES, default=ORDINARY)
    majority = models.CharField(max_length=12, choices=MAJORITY_CHOICES, default=SIMPLE,
                                help_text="A change to the rules always needs two thirds.")
    quorum_percent = models.PositiveSmallIntegerField(
        default=10, validators=[MaxValueValidator(100)],
        help_text="The share of members on the register who must vote for the result to stand.")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(help_text="Votes are taken up to, not including, this moment.")
    surplus_runs = models.ManyToManyField(
        "payouts.PayoutRun", blank=True, related_name="surplus_proposals",
        help_text="For a surplus distribution: the paid payout runs whose surplus is shared.")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    results = models.JSONField(null=True, blank=True, help_text="Counted at the close: totals only, never a voter.")
    applied_at = models.DateTimeField(null=True, blank=True, help_text="When a passed distribution was posted.")
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["meeting", "opens_at", "pk"]
        permissions = [
            ("close_proposal", "Can close a proposal's vote and count it"),
            ("apply_distribution", "Can post a surplus distribution the members passed"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="proposal_closes_after_opening",
                                   violation_error_message="Voting must close after it opens."),
            models.CheckConstraint(condition=~Q(kind="rule_change") | Q(majority="two_thirds"),
                                   name="rule_change_needs_two_thirds",
                                   violation_error_message="A change to the rules needs a two-thirds majority."),
            models.CheckConstraint(condition=Q(quorum_percent__lte=100), name="proposal_quorum_percent",
                                   violation_error_message="A quorum is a percentage, at most 100."),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:proposal", kwargs={"pk": self.pk})

    def is_open(self, when=None):
        when = when or timezone.now()
        return self.closed_at is None and self.opens_at <= when < self.closes_at


class Option(models.Model):
    """One answer members can choose. In a surplus distribution it is also a plan: pence to each destination."""

    EQUAL, WAGES = "equal", "wages"
    RULE_CHOICES = [(EQUAL, "Equal shares for every eligible member"),
                    (WAGES, "In proportion to the wages each member earned in the period")]

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=160)
    position = models.PositiveSmallIntegerField(default=0)
    reserve_pence = models.PositiveBigIntegerField(default=0, help_text="Stays in the co-op's reserve.")
    community_fund_pence = models.PositiveBigIntegerField(default=0, help_text="To the community fund.")
    victim_fund_pence = models.PositiveBigIntegerField(default=0, help_text="To the victim support fund.")
    dividend_pence = models.PositiveBigIntegerField(default=0, help_text="Shared among members as a dividend.")
    dividend_rule = models.CharField(max_length=8, choices=RULE_CHOICES, default=EQUAL)

    class Meta:
        ordering = ["proposal", "position", "pk"]

    def __str__(self):
        return self.label

    @property
    def plan_total(self):
        return self.reserve_pence + self.community_fund_pence + self.victim_fund_pence + self.dividend_pence


class Participation(models.Model):
    """Who voted on a proposal, by which channel: never how. The choice is a ``Ballot``, with nothing linking the two.

    One row per member and proposal (a unique constraint), whatever the channel: a member who voted online cannot be
    entered on paper and the other way round, so nobody is ever counted twice. No timestamp is kept here (the audit
    log says when), so nothing orders these rows against the ballots.

    Online: ``receipt_hash`` is the SHA-256 of the receipt code given to the voter, who alone holds the code itself;
    the ballot is found again only through a different hash of the same code (``Ballot.seal``), so changing a vote
    needs the voter's code and the stored rows cannot be joined without it.

    Paper: an instructor enters the ballot paper (``pending_option``, with the reference printed on it); a second,
    different person enters it again from the paper; only if both agree is an anonymous ``Ballot`` written and
    ``pending_option`` cleared. Until then the choice waits here, as it waits on the paper in the tellers' hands.
    """

    ONLINE, PAPER = "online", "paper"
    CHANNEL_CHOICES = [(ONLINE, "Online"), (PAPER, "Paper ballot")]

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="participations")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="participations")
    channel = models.CharField(max_length=8, choices=CHANNEL_CHOICES)
    receipt_hash = models.CharField(max_length=64, blank=True, help_text="Online: SHA-256 of the voter's receipt code.")
    ballot_reference = models.CharField(max_length=20, blank=True, help_text="Paper: the reference printed on it.")
    pending_option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                       help_text="Paper: the first entry, until a second person confirms it.")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["proposal", "membership__number"]
        permissions = [
            ("enter_paper_ballot", "Can enter paper ballots for the members they look after"),
            ("confirm_paper_ballot", "Can confirm paper ballots someone else entered"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "membership"], name="one_vote_per_member_and_proposal",
                                    violation_error_message="This member has already voted on this proposal."),
            models.UniqueConstraint(fields=["proposal", "ballot_reference"], condition=~Q(ballot_reference=""),
                                    name="one_entry_per_ballot_paper",
                                    violation_error_message="This ballot paper has already been entered."),
            models.CheckConstraint(condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=models.F("entered_by")),
                                   name="paper_ballot_confirmed_by_another",
                                   violation_error_message="A paper ballot must be confirmed by a second person."),
            models.CheckConstraint(
                condition=(Q(channel="online", ballot_reference="", pending_option__isnull=True) & ~Q(receipt_hash=""))
                | (Q(channel="paper", receipt_hash="") & ~Q(ballot_reference="")),
                name="participation_fits_its_channel"),
        ]

    def __str__(self):
        return f"{self.membership} on {self.proposal_id} ({self.get_channel_display()})"

    @property
    def counted(self):
        return self.channel == self.ONLINE or self.confirmed_by_id is not None


class Ballot(models.Model):
    """How one vote was cast: the proposal and the option, and nothing that leads back to the voter.

    A random UUID key and no timestamp, so the rows cannot be put in the order they were cast; ``seal`` (online votes
    only) is a hash of the voter's receipt code that only that code can find, to replace the choice in place when
    the voter changes it. Paper ballots have no seal and never change after confirmation.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="ballots")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="ballots")
    seal = models.CharField(max_length=64, null=True, blank=True, unique=True)

    def __str__(self):
        return "a ballot"
