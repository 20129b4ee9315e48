// The objects the sandbox serves, field for field as Advbox sends them
// (shared specs/advbox.md §5.2, §6.2, §7).
export interface WireCustomer {
  id: number;
  name: string;
  identification: string | null;
  document: string | null;
  gender: 'M' | 'F' | null;
  cellphone: string | null;
  phone: string | null;
  email: string | null;
  birthdate: string | null;
  civil_status: string | null;
  occupation: string | null;
  street: string | null;
  region: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  postalcode: string | null;
  number_ctps: string | null;
  number_pis: string | null;
  number_cid: string | null;
  notes: string | null;
  origin: string | null;
  created_at: string;
  lawsuits: { lawsuit_id: number; process_number: string | null; protocol_number: string | null }[];
}

export interface WireTransaction {
  id: number;
  entry_type: 'income' | 'expense';
  date_due: string;
  date_payment: string | null;
  competence: string;
  amount: number;
  description: string | null;
  is_internal: boolean;
  is_recurrent: boolean;
  responsible: string;
  category: string;
  cost_center: string | null;
  debit_bank: string | null;
  credit_bank: string | null;
  name: string | null;
  identification: string | null;
  lawsuit_id: number | null;
  process_number: string | null;
  protocol_number: string | null;
}

export interface WireCategory {
  id: number;
  category: string;
  type: 'CRÉDITO' | 'DÉBITO';
}

export interface WireSettings {
  users: { id: number; name: string; email: string; cellphone: string | null }[];
  origins: { id: number; origin: string }[];
  tasks: { id: number; task: string; reward: number }[];
  stages: { id: number; stage: string; step: string }[];
  lawsuit_types: { id: number; type: string; group: string }[];
  financial: {
    banks: { id: number; name: string }[];
    categories: WireCategory[];
    cost_centers: { id: number; cost_center: string }[];
    departments: { id: number; department: string }[];
  };
}
