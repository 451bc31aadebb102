"""The data the pipeline passes along: forms as read, and the findings made about them."""
