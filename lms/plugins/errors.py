class PluginError(RuntimeError):
    """A plugin cannot be loaded or clashes with another; the message names the plugin."""
