"""The pipeline: source -> chunks -> field rules -> transform -> anonymize -> target."""
