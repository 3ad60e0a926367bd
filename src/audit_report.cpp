// The audit report (placeholder until built).
