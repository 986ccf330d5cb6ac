// Temporary placeholder: the real setup file is being written by another engineer.
export {};
