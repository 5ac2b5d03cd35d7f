"""GreenDesk's Qt front end: it renders the core's state and sends every edit as a core command."""
