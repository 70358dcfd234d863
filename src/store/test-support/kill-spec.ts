// What the kill -9 writer records, shared with the test that checks it.
export const KILL_T0 = Date.UTC(2025, 5, 1, 8, 0, 0);
export const KILL_CAR_W = 7200;
