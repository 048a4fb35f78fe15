"""What happens to a scan and the rules of a tube: payloads, the scan sequence and the decoders,
registrations, tubes, handover to the lab, results, and what the scan screen reads between scans."""
