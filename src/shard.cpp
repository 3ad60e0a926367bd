// Shards (placeholder until built).
