"""What happens to a scan and the rules of a tube: payloads, the scan sequence and the decoders,
registrations, tubes, transport boxes and the handover to the lab, the lab's receipt, results, and
what the scan screen reads between scans."""
