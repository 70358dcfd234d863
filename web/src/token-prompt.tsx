// Asks for the API token when the server answered 401 (server.token is set and reads are not
// public). The token stays in this browser's localStorage.
import { useState } from 'preact/hooks';
import { setToken } from './auth.js';

export function TokenPrompt() {
  const [text, setText] = useState('');
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="token-title">
      <form
        class="panel token-form"
        data-testid="token-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim() !== '') setToken(text.trim());
        }}
      >
        <h2 id="token-title">Token needed</h2>
        <p>This ampshare asks for its API token (server.token in its configuration).</p>
        <input
          type="password"
          autoComplete="current-password"
          placeholder="token"
          value={text}
          data-testid="token-input"
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit">Use token</button>
      </form>
    </div>
  );
}
