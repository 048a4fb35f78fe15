"""Setting up a campaign: the campaign, its rounds, checkpoints and operators, rosters, enterprises,
exemptions, and the sample park of the demo."""
