/** Follow-up sign-off, prognos, reminders (issue 17.2) (placeholder: filled in by its issue). */
export const sql = /* sql */ `
`;
