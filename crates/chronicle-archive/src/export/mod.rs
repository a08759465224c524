pub mod jsonl;
