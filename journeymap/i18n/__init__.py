"""The labels and messages journeymap writes, in English and German."""
