from __future__ import annotations

from django.conf import settings
from django.db import models

from config.links import object_url


class Region(models.Model):
    """An English region (ONS), e.g. North West."""

    code = models.CharField(max_length=4, primary_key=True)
    name = models.CharField(max_length=60, unique=True)
    gss_code = models.CharField("ONS code", max_length=9, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AuthorityType(models.TextChoices):
    COUNTY = "county", "County"
    UNITARY = "unitary", "Unitary authority"
    LONDON_BOROUGH = "london_borough", "London borough"
    METROPOLITAN_DISTRICT = "metropolitan_district", "Metropolitan district"


class AuthorityQuerySet(models.QuerySet["Authority"]):
    def current(self) -> AuthorityQuerySet:
        return self.filter(is_current=True)

    def named_by(self, la_code: str | None, urn: str | None) -> Authority | None:
        """The authority a parsed document names. Its DfE code first: a former authority without a URN of
        its own is reported under its successor's URN, as Ofsted's lookup files it, yet its documents are
        its own history. The URN alone for extractions that carry no code (parser before 0.2.3)."""
        found = self.filter(la_code=la_code).first() if la_code else None
        return found or (self.filter(urn=urn).first() if urn else None)


class Authority(models.Model):
    """A children's services authority (upper-tier council), current or former."""

    la_code = models.CharField("DfE LA code", max_length=3, unique=True)
    urn = models.CharField("Ofsted URN", max_length=10, unique=True, null=True, blank=True)
    gss_code = models.CharField("ONS GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names documents use.")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="authorities")
    authority_type = models.CharField(max_length=24, choices=AuthorityType.choices)
    population_0_25 = models.PositiveIntegerField("population aged 0–25", null=True, blank=True)
    is_current = models.BooleanField(default=True, help_text="False for authorities replaced by others.")
    statistical_neighbours = models.ManyToManyField(
        "self", through="StatisticalNeighbour", symmetrical=False, related_name="+"
    )

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        indexes = [models.Index(fields=["region", "name"]), models.Index(fields=["is_current", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("authorities:detail", "slug", self.slug)

    def ordered_neighbours(self) -> list[Authority]:
        links = self.neighbour_links.select_related("neighbour").order_by("rank")
        return [link.neighbour for link in links]

    def predecessors(self) -> list[Authority]:
        return [r.predecessor for r in self.predecessor_links.select_related("predecessor")]

    def successors(self) -> list[Authority]:
        return [r.successor for r in self.successor_links.select_related("successor")]

    def lineage(self) -> list[Authority]:
        """This authority and every authority it succeeded, nearest first."""
        seen: list[Authority] = [self]
        index = 0
        while index < len(seen):
            for predecessor in seen[index].predecessors():
                if predecessor not in seen:
                    seen.append(predecessor)
            index += 1
        return seen


class StatisticalNeighbour(models.Model):
    """One of an authority's ten statistical neighbours, in the DfE's order (1 = closest)."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="neighbour_links")
    neighbour = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["authority", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "rank"], name="neighbour_rank_unique"),
            models.UniqueConstraint(fields=["authority", "neighbour"], name="neighbour_once"),
            models.CheckConstraint(condition=~models.Q(authority=models.F("neighbour")), name="neighbour_not_self"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="neighbour_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.authority} → {self.neighbour} (#{self.rank})"


class Reorganisation(models.Model):
    """A predecessor authority whose area passed (wholly or partly) to a successor on a date."""

    predecessor = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="successor_links")
    successor = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="predecessor_links")
    date = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date", "predecessor__name"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="reorganisation_once"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="reorganisation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.date:%Y})"


class AuthorityBoundary(models.Model):
    """An authority's area as an SVG path, in the fixed frame of the England map (see geo.py)."""

    authority = models.OneToOneField(Authority, on_delete=models.CASCADE, related_name="boundary")
    path = models.TextField(help_text="SVG path data, already projected and simplified.")
    districts = models.PositiveSmallIntegerField(help_text="How many 2023 districts were joined to draw it.")

    class Meta:
        ordering = ["authority__name"]

    def __str__(self) -> str:
        return f"Boundary of {self.authority}"


class Follow(models.Model):
    """A person following an authority: they are emailed when a new document on it arrives from Ofsted's site."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["authority__name"]
        constraints = [models.UniqueConstraint(fields=["user", "authority"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.authority}"
