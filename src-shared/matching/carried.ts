// "The messages that carried jdoe": a decision's message carried a userId or email when its userId
// is that text, or its email is it ignoring case and surrounding space (as a person reads an
// email), whichever user the message landed on. The Decisions list's filter and
// GET /api/matching?carried= share it.

/** Whether a message that carried this email and userId (each as it carried it) carried `text`. */
export function carries(sent: { email?: string; messageUserId?: string }, text: string): boolean {
  const t = text.trim();
  return t !== '' && (sent.messageUserId === t || (sent.email !== undefined && sent.email.trim().toLowerCase() === t.toLowerCase()));
}
