from . import b2b_team_invite_wizard
