import { KeyRouter } from '../hooks/use-keys.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { NoColorContext } from '../theme.js';
import { AuditView, type AuditViewProps } from './AuditView.js';

/** The audit view at the terminal's height, with the key router and NO_COLOR the rest of the UI uses. */
export function AuditApp({ noColor, ...props }: Omit<AuditViewProps, 'height'> & { noColor: boolean }) {
  const { rows } = useTerminalSize();
  return (
    <NoColorContext.Provider value={noColor}>
      <KeyRouter>
        <AuditView {...props} height={rows - 1} />
      </KeyRouter>
    </NoColorContext.Provider>
  );
}
