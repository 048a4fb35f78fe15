"""Drivers that reach a device through a service on this laptop over the network (the ID-card readers'
vendor services): kept out of registration/, which knows no network; the window and the command line
give them to the domain's drivers."""
