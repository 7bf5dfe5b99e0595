"""dqn_teach: the tested reference implementation of the dqn-teach course."""

__version__ = "0.1.0"
