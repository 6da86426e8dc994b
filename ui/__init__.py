"""The Gradio web UI over ``qa.ask``."""
