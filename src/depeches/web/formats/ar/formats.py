# Arabic as the Moroccan press writes numbers: Western digits, grouped by thousands with a
# dot ("12.345 درهم"); Django's own Arabic formats do not group. The rest is Django's.
THOUSAND_SEPARATOR = "."
DECIMAL_SEPARATOR = ","
NUMBER_GROUPING = 3
