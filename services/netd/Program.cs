// Placeholder entry point; replaced by the daemon host in the foundation work.
return 0;
