/** The fields of the sign-in and password forms: the user name and a password, each with its label. */

/** The user name, as a password manager expects it. */
export function UsernameField({ id, value, onChange }: { id: string; value: string; onChange(value: string): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>Användarnamn</label>
      <input id={id} name="username" autoComplete="username" value={value} onChange={(e) => onChange(e.target.value)} required />
    </div>
  );
}

interface PasswordFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  /** current-password to sign in with, new-password for one being chosen (password managers offer to save and suggest it). */
  autoComplete: 'current-password' | 'new-password';
  name?: string;
  /** The id of a hint read out with the field. */
  describedBy?: string;
}

/** One password field. */
export function PasswordField({ id, label, value, onChange, autoComplete, name, describedBy }: PasswordFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        autoComplete={autoComplete}
        aria-describedby={describedBy}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
      />
    </div>
  );
}
