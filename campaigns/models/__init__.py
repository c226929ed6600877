from .pages import CampaignEvent, CampaignIndexPage, CampaignPage, CampaignPartner
from .signatures import Campaign, Signature

__all__ = ["Campaign", "CampaignEvent", "CampaignIndexPage", "CampaignPage", "CampaignPartner", "Signature"]
