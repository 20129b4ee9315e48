export default function Home() {
  return (
    <main>
      <h1>Concilia</h1>
      <p className="muted">Conciliação de pagamentos bancários com os recebíveis do Advbox.</p>
      <div className="card">
        <p>
          O painel está em construção. Verifique o estado do serviço em <a href="/api/health">/api/health</a>.
        </p>
      </div>
    </main>
  );
}
